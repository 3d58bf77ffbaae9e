package io.gymbridge.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/** Draws {@link PlotData.Curve}s as Spinning Up's plots look: lines with ±std bands. */
final class Charts {
    private Charts() {}

    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    /** Seaborn's "deep" palette, which Spinning Up's plots use. */
    private static final Color[] PALETTE = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
        new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C),
        new Color(0xCCB974), new Color(0x64B5CD)
    };

    /** Writes the chart as a PNG and an SVG file. */
    static void write(List<PlotData.Curve> curves, String xaxis, String value, Path png, Path svg)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart = chart(curves, xaxis, value);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g2, new Rectangle(WIDTH, HEIGHT));
        SVGUtils.writeToSVG(svg.toFile(), g2.getSVGElement());
    }

    private static JFreeChart chart(List<PlotData.Curve> curves, String xaxis, String value) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.2f);
        for (int i = 0; i < curves.size(); i++) {
            PlotData.Curve c = curves.get(i);
            YIntervalSeries series = new YIntervalSeries(c.label(), false, true);
            for (int k = 0; k < c.x().length; k++) {
                series.add(c.x()[k], c.y()[k], c.y()[k] - c.std()[k], c.y()[k] + c.std()[k]);
            }
            data.addSeries(series);
            Color color = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesFillPaint(i, color);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesShapesVisible(i, c.x().length == 1);
        }
        NumberAxis x = new NumberAxis(xaxis);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(value);
        y.setAutoRangeIncludesZero(false);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        x.setLabelFont(font);
        y.setLabelFont(font);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(new Color(0xEAEAF2));
        plot.setDomainGridlinePaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.WHITE);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        return chart;
    }
}
