package dev.multiserver.balancer;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A Prometheus text scrape read the way a dashboard reads it: a series by its exact name and labels
 * (labels in the order the registry writes them, alphabetical), and its value.
 *
 * <pre>{@code
 * PrometheusScrape scrape = PrometheusScrape.of(lb);
 * assertThat(scrape.value("multiserver_queue_length")).hasValue(0);
 * }</pre>
 */
final class PrometheusScrape {

    private final String text;
    private final List<String> samples;

    private PrometheusScrape(String text) {
        this.text = text;
        this.samples = text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    static PrometheusScrape of(LoadBalancer lb) {
        return new PrometheusScrape(lb.meterRegistry().scrape());
    }

    /** The value of the series written exactly as {@code series}, e.g. {@code name{a="1",b="2"}}. */
    OptionalDouble value(String series) {
        String prefix = series + " ";
        for (String sample : samples) {
            if (sample.startsWith(prefix)) {
                return OptionalDouble.of(Double.parseDouble(sample.substring(prefix.length()).trim()));
            }
        }
        return OptionalDouble.empty();
    }

    /** The sample lines of the metric {@code name} (without suffixes: {@code _bucket} is another name). */
    List<String> samplesOf(String name) {
        return samples.stream().filter(s -> s.startsWith(name + "{") || s.startsWith(name + " ")).toList();
    }

    /** The sample lines labelled {@code backend="authority"}, whatever the metric. */
    List<String> samplesOfBackend(String authority) {
        String label = "backend=\"" + authority + "\"";
        return samples.stream().filter(s -> s.contains(label)).toList();
    }

    @Override
    public String toString() {
        return text;
    }
}
