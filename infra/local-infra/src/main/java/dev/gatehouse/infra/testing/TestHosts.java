package dev.gatehouse.infra.testing;

import dev.gatehouse.shared.net.HostResolver;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DNS of the registry's and the gateway's tests: the test machine has no outside DNS, and
 * rebinding and pinning tests need a name whose answer changes. Names set here answer what the test
 * says; {@code *.example.com} answers a public address (never connected to: registration only
 * resolves); other {@code .test} and {@code .invalid} names do not resolve; everything else goes to
 * the JVM's resolver. Replaces the production resolver bean ({@code OutboundGuard}'s
 * {@code @DefaultBean}) in every {@code @QuarkusTest} (this module is a bean archive for that).
 */
@ApplicationScoped
public class TestHosts implements HostResolver {

    /** A public address for the documentation names of the tests (example.com's). */
    public static final String PUBLIC = "93.184.215.14";

    private static final Map<String, List<InetAddress>> ANSWERS = new ConcurrentHashMap<>();

    /** From now on, {@code name} resolves to {@code addresses}. */
    public static void answer(String name, String... addresses) {
        ANSWERS.put(name, Arrays.stream(addresses).map(TestHosts::literal).toList());
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> answer = ANSWERS.get(host);
        if (answer != null) {
            return answer;
        }
        if (host.equals("example.com") || host.endsWith(".example.com")) {
            return List.of(literal(PUBLIC));
        }
        if (host.endsWith(".test") || host.endsWith(".invalid")) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getAllByName(host));
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
