package io.gymbridge.envs.classic;

import io.gymbridge.env.DType;
import io.gymbridge.env.Tensor;

/**
 * A small software rasterizer for the classic-control frames: the few pygame drawing calls
 * Gymnasium's {@code render} uses (filled polygons and circles, lines), in plain loops.
 *
 * <p>Coordinates are pygame's before Gymnasium's final vertical flip: x to the right and y up from
 * the bottom-left corner, in pixels. Colors are {@code 0xRRGGBB}. There is no antialiasing, so
 * frames look like Gymnasium's but are not pixel-identical.
 */
final class Canvas {
    private final int width;
    private final int height;
    private final byte[] rgb;

    /** A white canvas. */
    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.rgb = new byte[width * height * 3];
        java.util.Arrays.fill(rgb, (byte) 0xFF);
    }

    /** Sets one pixel; pixels outside the canvas are ignored. */
    void set(int x, int y, int color) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return;
        }
        int i = ((height - 1 - y) * width + x) * 3;
        rgb[i] = (byte) (color >> 16);
        rgb[i + 1] = (byte) (color >> 8);
        rgb[i + 2] = (byte) color;
    }

    /**
     * Fills the polygon with the given vertices (even-odd rule, pixel centers tested).
     *
     * @param xs the vertices' x coordinates
     * @param ys the vertices' y coordinates, as many as {@code xs}
     */
    void fillPolygon(double[] xs, double[] ys, int color) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        int x0 = Math.max(0, (int) Math.floor(minX));
        int x1 = Math.min(width - 1, (int) Math.ceil(maxX));
        int y0 = Math.max(0, (int) Math.floor(minY));
        int y1 = Math.min(height - 1, (int) Math.ceil(maxY));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (inside(xs, ys, x + 0.5, y + 0.5)) {
                    set(x, y, color);
                }
            }
        }
    }

    /** Fills the disc of radius {@code r} around ({@code cx}, {@code cy}). */
    void fillCircle(double cx, double cy, double r, int color) {
        int x0 = (int) Math.floor(cx - r);
        int x1 = (int) Math.ceil(cx + r);
        int y0 = (int) Math.floor(cy - r);
        int y1 = (int) Math.ceil(cy + r);
        for (int y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) {
                double dx = x - cx;
                double dy = y - cy;
                if (dx * dx + dy * dy <= r * r) {
                    set(x, y, color);
                }
            }
        }
    }

    /** Draws a one-pixel line from ({@code x0}, {@code y0}) to ({@code x1}, {@code y1}). */
    void line(double x0, double y0, double x1, double y1, int color) {
        int steps = (int) Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)));
        for (int i = 0; i <= steps; i++) {
            double t = steps == 0 ? 0 : (double) i / steps;
            set((int) Math.round(x0 + t * (x1 - x0)), (int) Math.round(y0 + t * (y1 - y0)), color);
        }
    }

    /** The frame as a uint8 tensor [height, width, 3], top row first. */
    Tensor toTensor() {
        return Tensor.wrap(DType.UINT8, new int[] {height, width, 3}, rgb);
    }

    private static boolean inside(double[] xs, double[] ys, double px, double py) {
        boolean in = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > py) != (ys[j] > py)
                    && px < (xs[j] - xs[i]) * (py - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                in = !in;
            }
        }
        return in;
    }
}
