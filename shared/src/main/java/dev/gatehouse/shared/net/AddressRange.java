package dev.gatehouse.shared.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address range in CIDR form, such as {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address
 * is a range of one. Parsing never looks a name up: only literals are accepted.
 */
public record AddressRange(String text, byte[] network, int bits) {

    /** Parses {@code 10.0.0.0/8}, {@code fe80::/10}, {@code 127.0.0.1} or {@code ::1}. */
    public static AddressRange parse(String text) {
        String trimmed = text.strip();
        String[] parts = trimmed.split("/", 2);
        byte[] network = Literals.parse(parts[0])
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an address range (CIDR)"));
        int bits;
        try {
            bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address range (CIDR)");
        }
        if (bits < 0 || bits > network.length * 8) {
            throw new IllegalArgumentException("'" + text + "' is not an address range (CIDR)");
        }
        return new AddressRange(trimmed, network, bits);
    }

    public boolean contains(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = bits / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    @Override
    public String toString() {
        return text;
    }

    /** IP literals without any name lookup. */
    static final class Literals {

        private static final Pattern IPV4 =
                Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

        private Literals() {
        }

        /** The bytes of a dotted-quad IPv4 or an IPv6 literal (brackets allowed); empty for anything else. */
        static Optional<byte[]> parse(String text) {
            String value = text.strip();
            if (value.startsWith("[") && value.endsWith("]")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!IPV4.matcher(value).matches() && (value.indexOf(':') < 0 || !value.matches("[0-9A-Fa-f:.]+"))) {
                return Optional.empty();
            }
            try {
                // a literal: InetAddress does no lookup for it. IPv4-mapped IPv6 comes back as 4 bytes.
                return Optional.of(InetAddress.getByName(value).getAddress());
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
    }
}
