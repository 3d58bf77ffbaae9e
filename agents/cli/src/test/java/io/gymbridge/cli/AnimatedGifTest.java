package io.gymbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedGifTest {
    @TempDir Path tmp;

    /** A solid [3, 4, 3] uint8 frame. */
    private static Tensor frame(int r, int g, int b) {
        byte[] rgb = new byte[3 * 4 * 3];
        for (int i = 0; i < 12; i++) {
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
        }
        return Tensor.of(DType.UINT8, new int[] {3, 4, 3}, rgb);
    }

    @Test
    void write_decodesBackFrameByFrameWithDelayAndLoop() throws Exception {
        Path file = tmp.resolve("a.gif");
        Files.writeString(file, "x".repeat(100_000)); // an older, longer file is replaced whole
        try (AnimatedGif gif = AnimatedGif.create(file, 5)) {
            gif.add(frame(255, 0, 0));
            gif.add(frame(0, 255, 0));
            gif.add(frame(0, 0, 255));
            assertEquals(3, gif.frames());
        }
        assertTrue(Files.size(file) < 10_000);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            assertEquals(4, reader.read(0).getWidth());
            assertEquals(3, reader.read(0).getHeight());
            assertEquals(0xFF0000, reader.read(0).getRGB(1, 1) & 0xFFFFFF);
            assertEquals(0x00FF00, reader.read(1).getRGB(1, 1) & 0xFFFFFF);
            assertEquals(0x0000FF, reader.read(2).getRGB(2, 2) & 0xFFFFFF);
            IIOMetadataNode first =
                    (IIOMetadataNode)
                            reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode control =
                    (IIOMetadataNode) first.getElementsByTagName("GraphicControlExtension").item(0);
            assertEquals("5", control.getAttribute("delayTime"));
            IIOMetadataNode app =
                    (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", app.getAttribute("applicationID"));
        }
    }

    @Test
    void toImage_rejectsWhatIsNotAnRgbFrame() {
        Tensor floats = Tensor.zeros(DType.FLOAT32, 2, 2, 3);
        String message =
                assertThrows(IllegalArgumentException.class, () -> AnimatedGif.toImage(floats))
                        .getMessage();
        assertTrue(message.contains("not a uint8 [height, width, 3] frame"), message);
        assertThrows(
                IllegalArgumentException.class,
                () -> AnimatedGif.toImage(Tensor.zeros(DType.UINT8, 2, 2)));
    }

    @Test
    void delayFor_renderFps() {
        assertEquals(2, AnimatedGif.delayFor(50));
        assertEquals(10, AnimatedGif.delayFor(10));
        assertEquals(3, AnimatedGif.delayFor(null));
        assertEquals(2, AnimatedGif.delayFor(1000.0));
    }
}
