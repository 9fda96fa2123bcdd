package dev.gatehouse.console.view;

/**
 * The check of a name a person types (a server's, a member's): one line of text, without control
 * characters and without the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069)
 * that make a name display as something else in every page and export that shows it.
 */
public final class OneLine {

    private OneLine() {
    }

    public static boolean isPlain(String value) {
        return value.codePoints().noneMatch(c -> Character.isISOControl(c) || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069);
    }
}
