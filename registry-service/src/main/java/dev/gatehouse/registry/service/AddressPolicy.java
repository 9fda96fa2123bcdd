package dev.gatehouse.registry.service;

import dev.gatehouse.registry.config.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Refuses server URLs that point at address ranges the operator forbids (by default the cloud
 * metadata address and link-local), so the registry cannot be used to reach them. Host names are
 * resolved and every address they resolve to is checked.
 */
@ApplicationScoped
public class AddressPolicy {

    private final List<Cidr> forbidden;

    public AddressPolicy(RegistryConfig config) {
        this.forbidden = config.forbiddenAddresses().stream().map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    /**
     * Why {@code host} may not be used, or empty when it may. A host that does not resolve (yet) is
     * allowed: it cannot reach a forbidden address now, and the health check re-checks on every run.
     */
    public Optional<String> refusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            for (Cidr range : forbidden) {
                if (range.contains(address)) {
                    return Optional.of("points at " + address.getHostAddress() + ", in the forbidden range " + range.text());
                }
            }
        }
        return Optional.empty();
    }

    /** An address range such as {@code 169.254.0.0/16} or {@code fe80::/10}. */
    record Cidr(String text, byte[] network, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(text, network, bits);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalStateException("gatehouse.registry.forbidden-addresses: '" + text + "' is not an address range (CIDR)");
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
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
    }
}
