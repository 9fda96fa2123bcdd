package dev.gatehouse.shared.net;

/**
 * The outbound policy refused a destination. The message is safe to show to the admin who
 * registered the URL: it names the address and the rule, never anything an upstream said.
 */
public class OutboundRefusedException extends Exception {

    public OutboundRefusedException(String message) {
        super(message, null, false, false);
    }
}
