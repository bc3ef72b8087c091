package io.etcdj.cli;

/**
 * The command line does not fit the declared flags. The message is Go's flag package's wording; a tool with its own
 * wording builds it from {@link #problem()} and {@link #flag()}.
 */
public final class ArgException extends Exception {
    /** What is wrong. */
    public enum Problem {
        /** No declared flag has this name. */
        UNKNOWN_FLAG,
        /** A flag that takes a value came last, with nothing after it. */
        MISSING_VALUE,
        /** A flag that takes one value was given twice, under a parser that refuses that. */
        REPEATED_FLAG
    }

    private final Problem problem;
    private final String flag;

    ArgException(Problem problem, String flag) {
        super(
                switch (problem) {
                    case UNKNOWN_FLAG -> "flag provided but not defined: -" + flag;
                    case MISSING_VALUE -> "flag needs an argument: -" + flag;
                    case REPEATED_FLAG -> "flag given twice: -" + flag;
                });
        this.problem = problem;
        this.flag = flag;
    }

    public Problem problem() {
        return problem;
    }

    /** The flag's name as the user typed it, without dashes or value. */
    public String flag() {
        return flag;
    }
}
