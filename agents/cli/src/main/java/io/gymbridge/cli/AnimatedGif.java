package io.gymbridge.cli;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF written frame by frame with the JDK's GIF writer (nothing kept in memory): every
 * frame shows for the same delay, and the animation loops forever.
 */
final class AnimatedGif implements AutoCloseable {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private final ImageWriter writer;
    private final ImageOutputStream stream;
    private final int delayCentis;
    private int frames;

    private AnimatedGif(ImageWriter writer, ImageOutputStream stream, int delayCentis) {
        this.writer = writer;
        this.stream = stream;
        this.delayCentis = delayCentis;
    }

    /**
     * Starts a GIF at {@code file}, replacing it.
     *
     * @param delayCentis how long each frame shows, in hundredths of a second
     */
    static AnimatedGif create(Path file, int delayCentis) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no GIF writer");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(file); // the stream below would otherwise keep a longer old tail
        ImageWriter writer = writers.next();
        ImageOutputStream stream = new FileImageOutputStream(file.toFile());
        writer.setOutput(stream);
        writer.prepareWriteSequence(null);
        return new AnimatedGif(writer, stream, delayCentis);
    }

    /**
     * The frame delay for an env's {@code render_fps} (GIF viewers slow anything under 2/100 s).
     */
    static int delayFor(Object renderFps) {
        double fps = renderFps instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 30;
        return (int) Math.max(2, Math.round(100 / fps));
    }

    /** Appends an rgb_array frame: a uint8 tensor [height, width, 3]. */
    void add(Tensor frame) throws IOException {
        add(toImage(frame));
    }

    /** Appends an image. */
    void add(BufferedImage image) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata =
                writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromBufferedImageType(image.getType()), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentis));
        control.setAttribute("transparentColorIndex", "0");
        if (frames == 0) {
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0, forever
            child(root, "ApplicationExtensions").appendChild(loop);
        }
        metadata.setFromTree(FORMAT, root);
        writer.writeToSequence(new IIOImage(image, null, metadata), param);
        frames++;
    }

    /** How many frames were written. */
    int frames() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        try {
            writer.endWriteSequence();
        } finally {
            stream.close();
            writer.dispose();
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }

    /**
     * An rgb_array frame as an image.
     *
     * @throws IllegalArgumentException if the frame is not a uint8 [height, width, 3] tensor
     */
    static BufferedImage toImage(Tensor frame) {
        int[] shape = frame.shape();
        if (frame.dtype() != DType.UINT8 || shape.length != 3 || shape[2] != 3) {
            throw new IllegalArgumentException(
                    "render() returned "
                            + frame.describe()
                            + ", not a uint8 [height, width, 3] frame"
                            + " (shape "
                            + Arrays.toString(shape)
                            + ")");
        }
        int h = shape[0];
        int w = shape[1];
        byte[] rgb = (byte[]) frame.toArray();
        int[] pixels = new int[h * w];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] =
                    (rgb[3 * i] & 0xff) << 16
                            | (rgb[3 * i + 1] & 0xff) << 8
                            | (rgb[3 * i + 2] & 0xff);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, pixels, 0, w);
        return image;
    }
}
