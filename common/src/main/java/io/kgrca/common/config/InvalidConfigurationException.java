package io.kgrca.common.config;

/** Thrown at start-up when a configuration variable is missing or invalid; the message names the variable. */
public final class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String variable;
    private final String problem;

    /** Creates the exception for {@code variable}. */
    public InvalidConfigurationException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
        this.problem = problem;
    }

    /** The environment variable at fault. */
    public String variable() {
        return variable;
    }

    /** What is wrong with it, without its name. */
    public String problem() {
        return problem;
    }
}
