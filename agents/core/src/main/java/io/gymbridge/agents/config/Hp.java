package io.gymbridge.agents.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One hyperparameter, declared once on a component of an algorithm's config record: its default,
 * its validation and its one-line meaning stand together, and its name is the component's in
 * Spinning Up's snake_case ({@code stepsPerEpoch} is {@code steps_per_epoch}; {@code @JsonProperty}
 * overrides it). {@link Hyperparameters} reads these to make the defaults, to validate a config
 * (naming the parameter that is wrong) and to print {@code run ALGO --help}.
 *
 * <pre>{@code
 * @Hp(value = "0.99", check = "[0, 1]", doc = "discount factor, usually 0.99") double gamma,
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Hp {
    /**
     * The default as JSON ({@code 4000}, {@code 0.2}, {@code true}, {@code [64, 64]}); a string
     * component takes the text as it is. For a nested record, keys that change its own defaults
     * ({@code {"activation": "relu"}}), or empty for its defaults unchanged.
     */
    String value() default "";

    /**
     * What a value must satisfy: {@code ">= 1"}, {@code ">= 0"}, {@code "> 0"} (and finite), {@code
     * "[0, 1]"} (inclusive), {@code "one of trpo npg"}, or empty for any value. Nested records
     * check their own components.
     */
    String check() default "";

    /** The meaning in one line, with its typical range, for {@code --help} and the javadoc. */
    String doc();
}
