package dev.gatehouse.console.web;

/**
 * The console itself refuses a request: no valid sign-in ({@code signIn}), a form without a
 * valid CSRF field, or a workspace this sign-in may not open. Mapped to pages by {@link ErrorPages}.
 */
public final class Refusal extends RuntimeException {

    public enum Kind { SIGN_IN, CSRF, NOT_YOURS }

    private final Kind kind;

    private Refusal(Kind kind) {
        super(kind.name(), null, false, false);
        this.kind = kind;
    }

    public static Refusal signIn() {
        return new Refusal(Kind.SIGN_IN);
    }

    public static Refusal csrf() {
        return new Refusal(Kind.CSRF);
    }

    public static Refusal notYours() {
        return new Refusal(Kind.NOT_YOURS);
    }

    public Kind kind() {
        return kind;
    }
}
