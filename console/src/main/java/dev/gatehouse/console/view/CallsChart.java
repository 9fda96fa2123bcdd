package dev.gatehouse.console.view;

import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The "calls over time" chart as plain SVG geometry (bars and labels), drawn by the template: no
 * script, nothing the CSP would have to allow. Errors are the darker part of each bar.
 */
@TemplateData
public record CallsChart(int width, int height, List<Bar> bars, long max, String from, String to) {

    /** One time bucket: its calls and errors, and where to draw them. */
    @TemplateData
    public record Bar(double x, double width, double callsY, double callsHeight, double errorsY, double errorsHeight,
                      String label, long calls, long errors) {
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 160;
    private static final int AXIS = 20;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** @param starts each bucket's start; {@code calls} and {@code errors} per bucket, same order */
    public static CallsChart of(List<Instant> starts, List<Long> calls, List<Long> errors, Instant end) {
        long max = Math.max(1, calls.stream().mapToLong(Long::longValue).max().orElse(1));
        double slot = (double) WIDTH / starts.size();
        double plot = HEIGHT - AXIS;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            double callsHeight = plot * calls.get(i) / max;
            double errorsHeight = plot * errors.get(i) / max;
            bars.add(new Bar(round(i * slot + 2), round(slot - 4), round(plot - callsHeight), round(callsHeight),
                    round(plot - errorsHeight), round(errorsHeight), HOUR.format(starts.get(i)), calls.get(i), errors.get(i)));
        }
        return new CallsChart(WIDTH, HEIGHT, bars, max, HOUR.format(starts.getFirst()), HOUR.format(end));
    }

    public int labelY() {
        return height - 4;
    }

    public long total() {
        return bars.stream().mapToLong(Bar::calls).sum();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
