package dev.gatehouse.gateway.upstream;

import dev.gatehouse.shared.net.HostResolver;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DNS of the gateway's tests: names set here answer what the test says (a rebinding name, a
 * name pinned to loopback); everything else goes to the JVM's resolver. Replaces the production
 * resolver bean (a {@code @DefaultBean}).
 */
@ApplicationScoped
public class TestHosts implements HostResolver {

    private static final Map<String, List<InetAddress>> ANSWERS = new ConcurrentHashMap<>();

    /** From now on, {@code name} resolves to {@code addresses}. */
    public static void answer(String name, String... addresses) {
        ANSWERS.put(name, Arrays.stream(addresses).map(TestHosts::literal).toList());
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> answer = ANSWERS.get(host);
        return answer != null ? answer : List.of(InetAddress.getAllByName(host));
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
