package dev.rsvpstack.discovery;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed setting under {@code /config/<service>/<name>}, with the default that applies while the key
 * is absent. The book hard-coded its "magic numbers" (section 6.4.2: poll interval, how many RSVPs
 * to show); here each is a key with a type, so an operator can change it in etcd, and a typo keeps
 * the last good value instead of breaking the service.
 *
 * <p>Immutable. Two keys are equal when name, type, default and rule texts are equal (predicates
 * cannot be compared, so a rule is identified by its text).
 *
 * <pre>{@code
 * static final ConfigKey<Duration> POLL = ConfigKey.duration("poll-interval", Duration.ofSeconds(5));
 * static final ConfigKey<Integer> PORT = ConfigKey.integer("port", 8080)
 *         .validate(p -> p >= 1 && p <= 65_535, "1..65535");
 * }</pre>
 *
 * @param <T> the value's type
 */
public final class ConfigKey<T> {
    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}: a whole number and a unit. */
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final String type;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Predicate<T> rule;
    private final List<String> ruleTexts;

    private ConfigKey(String name, String type, T defaultValue, Function<String, T> parser, Predicate<T> rule,
                      List<String> ruleTexts) {
        this.name = validName(name);
        this.type = type;
        this.defaultValue = Objects.requireNonNull(defaultValue, () -> "config key '" + name + "': default");
        this.parser = parser;
        this.rule = rule;
        this.ruleTexts = List.copyOf(ruleTexts);
        if (!rule.test(defaultValue)) {
            throw new IllegalArgumentException("config key '" + name + "': default " + defaultValue
                    + " breaks its own rule " + ruleTexts);
        }
    }

    private static <T> ConfigKey<T> of(String name, String type, T defaultValue, Function<String, T> parser) {
        return new ConfigKey<>(name, type, defaultValue, parser, value -> true, List.of());
    }

    /** A duration: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT5S}; never negative. */
    public static ConfigKey<Duration> duration(String name, Duration defaultValue) {
        if (defaultValue != null && defaultValue.isNegative()) {
            throw new IllegalArgumentException("config key '" + name + "': default " + defaultValue + " is negative");
        }
        return of(name, "duration", defaultValue, ConfigKey::parseDuration);
    }

    /** A 32-bit integer in decimal. */
    public static ConfigKey<Integer> integer(String name, int defaultValue) {
        return of(name, "integer", defaultValue, raw -> {
            try {
                return Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number from " + Integer.MIN_VALUE
                        + " to " + Integer.MAX_VALUE);
            }
        });
    }

    /** A 64-bit integer in decimal. */
    public static ConfigKey<Long> longValue(String name, long defaultValue) {
        return of(name, "long", defaultValue, raw -> {
            try {
                return Long.parseLong(raw.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number from " + Long.MIN_VALUE
                        + " to " + Long.MAX_VALUE);
            }
        });
    }

    /**
     * {@code true} or {@code false}, in any case. Nothing else: {@code yes}, {@code 1} or {@code on}
     * are more likely typos than intent, and a typo must not flip a switch.
     */
    public static ConfigKey<Boolean> bool(String name, boolean defaultValue) {
        return of(name, "boolean", defaultValue, raw -> {
            String value = raw.strip();
            if (value.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (value.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("expected true or false");
        });
    }

    /** The raw value as stored, not trimmed: a string may mean its spaces. */
    public static ConfigKey<String> string(String name, String defaultValue) {
        return of(name, "string", defaultValue, raw -> raw);
    }

    /**
     * A comma-separated list: items trimmed, empty items dropped, so {@code "a, b,,c "} is
     * {@code [a, b, c]} and an empty value is an empty list.
     */
    public static ConfigKey<List<String>> list(String name, List<String> defaultValue) {
        Objects.requireNonNull(defaultValue, () -> "config key '" + name + "': default");
        return of(name, "list", List.copyOf(defaultValue), ConfigKey::parseList);
    }

    /**
     * This key with one more rule, for ranges and the like; a value that breaks it is invalid like
     * one that does not parse. The default must obey the rule.
     *
     * @param rule     the condition a value must meet
     * @param ruleText the rule in words, for the error message, for example {@code 1..65535}
     * @throws IllegalArgumentException if the default breaks the rule
     */
    public ConfigKey<T> validate(Predicate<T> rule, String ruleText) {
        Objects.requireNonNull(rule, "rule");
        if (ruleText == null || ruleText.isBlank()) {
            throw new IllegalArgumentException("config key '" + name + "': a rule needs a text for its error message");
        }
        List<String> texts = new ArrayList<>(ruleTexts);
        texts.add(ruleText);
        return new ConfigKey<>(name, type, defaultValue, parser, this.rule.and(rule), texts);
    }

    /** The last segment of {@code /config/<service>/<name>}. */
    public String name() {
        return name;
    }

    /** The value while the key is absent or has never held a valid value. */
    public T defaultValue() {
        return defaultValue;
    }

    /** {@code duration}, {@code integer}, {@code long}, {@code boolean}, {@code string} or {@code list}. */
    public String type() {
        return type;
    }

    /**
     * The typed value of {@code raw}.
     *
     * @throws IllegalArgumentException naming this key, the raw value and what is wrong with it
     */
    public T parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("config key '" + name + "': no value to parse");
        }
        T value;
        try {
            value = parser.apply(raw);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("config key '" + name + "': invalid " + type + " '" + raw + "': "
                    + e.getMessage(), e);
        }
        if (!rule.test(value)) {
            throw new IllegalArgumentException("config key '" + name + "': value '" + raw + "' breaks the rule "
                    + String.join(" and ", ruleTexts));
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigKey<?> other && name.equals(other.name) && type.equals(other.type)
                && defaultValue.equals(other.defaultValue) && ruleTexts.equals(other.ruleTexts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, defaultValue, ruleTexts);
    }

    @Override
    public String toString() {
        return "ConfigKey[" + name + ": " + type + " = " + defaultValue
                + (ruleTexts.isEmpty() ? "" : ", rule " + String.join(" and ", ruleTexts)) + "]";
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a config key needs a name, not '" + name + "'");
        }
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("config key name '" + name
                    + "' must not contain '/': it is the last segment of /config/<service>/<name>");
        }
        return name;
    }

    private static Duration parseDuration(String raw) {
        String value = raw.strip();
        Duration duration;
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the number is too large");
            }
            duration = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> throw new IllegalStateException("the pattern admits no other unit");
            };
        } else if (value.regionMatches(true, 0, "P", 0, 1)) {
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration such as PT5S");
            }
        } else {
            throw new IllegalArgumentException("expected a whole number with a unit, 500ms, 5s, 2m or 1h, "
                    + "or ISO-8601 such as PT5S");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative");
        }
        return duration;
    }

    private static List<String> parseList(String raw) {
        return Arrays.stream(raw.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }
}
