package coach.eco.learners.token;

import io.micronaut.core.annotation.Nullable;

import java.util.function.Function;

/**
 * What the tokens of one purpose are bound to (an email's lookup key, a deletion kind, the instant a
 * request was made, a policy version), and how it is written in the token's {@code boundTo}
 * attribute: each is written and read in one place, under its own name.
 */
public final class TokenBinding<T> {
    private final Function<T, String> writer;
    private final Function<String, T> reader;

    private TokenBinding(Function<T, String> writer, Function<String, T> reader) {
        this.writer = writer;
        this.reader = reader;
    }

    public static <T> TokenBinding<T> of(Function<T, String> writer, Function<String, T> reader) {
        return new TokenBinding<>(writer, reader);
    }

    /** A binding kept as it is written: a lookup key, a version id. */
    public static TokenBinding<String> text() {
        return of(Function.identity(), Function.identity());
    }

    /** The attribute's text for {@code value}. */
    public String stored(T value) {
        return writer.apply(value);
    }

    @Nullable
    T read(@Nullable String stored) {
        return stored == null ? null : reader.apply(stored);
    }
}
