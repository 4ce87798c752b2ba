package io.poolpilot.api.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Spelling of enum constants on the wire (lower case, as in the OpenAPI document), in one place. */
public final class Wire {
    private Wire() {
    }

    public static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (name(constant).equals(text)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /** The accepted spellings, for error messages ("one of balance|consolidate|evacuate"). */
    public static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Wire::name).collect(Collectors.joining("|"));
    }
}
