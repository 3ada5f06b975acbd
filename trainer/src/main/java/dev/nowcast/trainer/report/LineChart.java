package dev.nowcast.trainer.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart rendered as inline SVG: lines, shaded bands and horizontal reference lines over numeric or
 * time (epoch milliseconds, shown in UTC) x values, with "nice" axis ticks and a legend. Self-contained
 * markup: no scripts, no external resources. Non-finite values break a line rather than distort the axes.
 */
final class LineChart {
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 48;
    private static final int BOTTOM = 44;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final int width;
    private final int height;
    private boolean timeAxis;
    private boolean integerX;
    private final List<Layer> layers = new ArrayList<>();

    LineChart(String title, String xLabel, String yLabel, int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.width = width;
        this.height = height;
    }

    /** X values are epoch milliseconds, labelled as UTC dates and times. */
    LineChart timeAxis() {
        timeAxis = true;
        return this;
    }

    /** X values are counts (epochs, steps): ticks at whole numbers only. */
    LineChart integerAxis() {
        integerX = true;
        return this;
    }

    LineChart line(String name, double[] x, double[] y, String color, boolean dashed) {
        layers.add(new Layer(Kind.LINE, name, x, y, null, color, dashed));
        return this;
    }

    LineChart band(String name, double[] x, double[] low, double[] high, String color) {
        layers.add(new Layer(Kind.BAND, name, x, low, high, color, false));
        return this;
    }

    LineChart reference(String name, double y, String color) {
        layers.add(new Layer(Kind.REFERENCE, name, null, new double[] {y}, null, color, true));
        return this;
    }

    String svg() {
        double[] xr = range(true);
        double[] yr = range(false);
        if (xr == null || yr == null) {
            return "<p class=\"empty\">" + Html.escape(title) + ": no data</p>";
        }
        double[] yTicks = ticks(yr[0], yr[1], 5);
        yr[0] = Math.min(yr[0], yTicks[0]);
        yr[1] = Math.max(yr[1], yTicks[yTicks.length - 1]);
        double[] xTicks = ticks(xr[0], xr[1], timeAxis ? 5 : 8);
        if (integerX && xTicks.length > 1 && xTicks[1] - xTicks[0] < 1) {
            xTicks = ticks(Math.floor(xr[0]), Math.ceil(xr[1]), (int) (Math.ceil(xr[1]) - Math.floor(xr[0])) + 1);
        }
        Frame f = new Frame(xr, yr, width - LEFT - RIGHT, height - TOP - BOTTOM);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                + "role=\"img\" aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\">", width, height, width, height,
                Html.escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>", LEFT,
                Html.escape(title)));
        for (double t : yTicks) {
            if (t < yr[0] || t > yr[1]) {
                continue;
            }
            double y = f.y(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>",
                    LEFT, width - RIGHT, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, number(t, yTicks)));
        }
        for (double t : xTicks) {
            if (t < xr[0] || t > xr[1]) {
                continue;
            }
            double x = f.x(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>",
                    x, x, height - BOTTOM, height - BOTTOM + 4));
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>", x,
                    height - BOTTOM + 16, timeAxis ? time((long) t, xr[1] - xr[0]) : number(t, xTicks)));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>", LEFT,
                width - RIGHT, height - BOTTOM, height - BOTTOM));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">%s</text>",
                LEFT + (width - LEFT - RIGHT) / 2, height - 8, Html.escape(xLabel)));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(14 %d) rotate(-90)\" class=\"label\" "
                + "text-anchor=\"middle\">%s</text>", TOP + (height - TOP - BOTTOM) / 2, Html.escape(yLabel)));
        for (Layer layer : layers) {
            switch (layer.kind) {
                case BAND -> band(s, f, layer);
                case LINE -> line(s, f, layer);
                case REFERENCE -> {
                    double y = f.y(layer.y[0]);
                    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
                            + "stroke=\"%s\" stroke-dasharray=\"4 3\"/>", LEFT, width - RIGHT, y, y, layer.color));
                }
            }
        }
        legend(s);
        return s.append("</svg>").toString();
    }

    /** One row under the title, left to right in layer order. */
    private void legend(StringBuilder s) {
        int x = LEFT;
        for (Layer layer : layers) {
            String swatch = layer.kind == Kind.BAND
                    ? String.format(Locale.ROOT, "<rect x=\"%d\" y=\"26\" width=\"14\" height=\"10\" fill=\"%s\" "
                    + "fill-opacity=\"0.25\"/>", x, layer.color)
                    : String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"31\" y2=\"31\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>", x, x + 14, layer.color, layer.dashed ? " stroke-dasharray=\"4 3\"" : "");
            s.append(swatch).append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"35\" class=\"legend\">%s</text>",
                    x + 18, Html.escape(layer.name)));
            x += 18 + 7 * layer.name.length() + 16;
        }
    }

    private static void line(StringBuilder s, Frame f, Layer layer) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < layer.x.length; i++) {
            if (!Double.isFinite(layer.x[i]) || !Double.isFinite(layer.y[i])) {
                pen = false;
                continue;
            }
            d.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f %.1f ", f.x(layer.x[i]),
                    f.y(layer.y[i])));
            pen = true;
        }
        s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s/>",
                d.toString().trim(), layer.color, layer.dashed ? " stroke-dasharray=\"4 3\"" : ""));
    }

    private static void band(StringBuilder s, Frame f, Layer layer) {
        // One polygon per run of finite points: along the top, back along the bottom.
        int i = 0;
        int n = layer.x.length;
        while (i < n) {
            while (i < n && !finite(layer, i)) {
                i++;
            }
            int start = i;
            while (i < n && finite(layer, i)) {
                i++;
            }
            if (i - start < 2) {
                continue;
            }
            StringBuilder points = new StringBuilder();
            for (int k = start; k < i; k++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(layer.x[k]), f.y(layer.high[k])));
            }
            for (int k = i - 1; k >= start; k--) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(layer.x[k]), f.y(layer.y[k])));
            }
            s.append(String.format(Locale.ROOT, "<polygon points=\"%s\" fill=\"%s\" fill-opacity=\"0.25\" "
                    + "stroke=\"none\"/>", points.toString().trim(), layer.color));
        }
    }

    private static boolean finite(Layer layer, int i) {
        return Double.isFinite(layer.x[i]) && Double.isFinite(layer.y[i]) && Double.isFinite(layer.high[i]);
    }

    /** The data range of x or y over every layer, padded when flat; null when there is no finite value. */
    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Layer layer : layers) {
            if (x && layer.kind == Kind.REFERENCE) {
                continue;
            }
            double[][] columns = x ? new double[][] {layer.x} : layer.high == null ? new double[][] {layer.y}
                    : new double[][] {layer.y, layer.high};
            for (double[] column : columns) {
                for (double v : column) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (lo > hi) {
            return null;
        }
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    /** About {@code count} round tick values covering [lo, hi] (Heckbert's nice numbers). */
    static double[] ticks(double lo, double hi, int count) {
        double step = nice((hi - lo) / Math.max(1, count - 1));
        double first = Math.floor(lo / step) * step;
        double last = Math.ceil(hi / step) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    /** {@code x} rounded to 1, 2 or 5 times a power of ten. */
    private static double nice(double x) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nf * Math.pow(10, exp);
    }

    private static String number(double v, double[] ticks) {
        double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(v);
        int decimals = step == 0 ? 0 : (int) Math.max(0, Math.min(6, -Math.floor(Math.log10(step))));
        if (Math.abs(v) >= 1e6 || (v != 0 && Math.abs(v) < 1e-4)) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String time(long millis, double span) {
        Instant t = Instant.ofEpochMilli(millis);
        if (span >= 3 * 86_400_000d) {
            return DAY.format(t);
        }
        return span >= 3_600_000d ? HOUR.format(t) : SECOND.format(t);
    }

    private enum Kind { LINE, BAND, REFERENCE }

    /** For a band, {@code y} is the lower edge and {@code high} the upper one. */
    private record Layer(Kind kind, String name, double[] x, double[] y, double[] high, String color,
                         boolean dashed) {
    }

    /** Maps data coordinates to the plot area. */
    private record Frame(double[] xr, double[] yr, int plotWidth, int plotHeight) {
        double x(double v) {
            return LEFT + (v - xr[0]) / (xr[1] - xr[0]) * plotWidth;
        }

        double y(double v) {
            return TOP + (1 - (v - yr[0]) / (yr[1] - yr[0])) * plotHeight;
        }
    }
}
