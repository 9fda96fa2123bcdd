package dev.gatehouse.shared.service;

import org.eclipse.microprofile.config.Config;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A service's service-token settings ({@code gatehouse.service-auth.*}):
 * <ul>
 * <li>{@code name}: who this service is (defaults to the service's own name);</li>
 * <li>{@code private-key}: PKCS#8 PEM Ed25519 key it signs its calls with (file path, or a classpath
 *     resource in tests); needed by callers only;</li>
 * <li>{@code trusted."<caller>"}: X.509 PEM Ed25519 public key of each service allowed to call it;
 *     needed by callees only.</li>
 * </ul>
 * Read through MicroProfile Config by the known caller names (not as a map), so the environment
 * variable forms ({@code GATEHOUSE_SERVICE_AUTH_TRUSTED_GATEWAY}) work too.
 */
public record ServiceAuthSettings(String name, Optional<String> privateKey, Map<String, String> trusted) {

    public static final String PREFIX = "gatehouse.service-auth.";

    public ServiceAuthSettings {
        if (!ServiceNames.ALL.contains(name)) {
            throw new IllegalStateException(PREFIX + "name must be one of " + new TreeSet<>(ServiceNames.ALL)
                    + ", not '" + name + "'");
        }
        trusted = Map.copyOf(trusted);
    }

    /** The settings of the service {@code ownName}, which {@code gatehouse.service-auth.name} may override. */
    public static ServiceAuthSettings read(Config config, String ownName) {
        String name = config.getOptionalValue(PREFIX + "name", String.class).orElse(ownName);
        Optional<String> privateKey = config.getOptionalValue(PREFIX + "private-key", String.class);
        Map<String, String> trusted = new TreeMap<>();
        for (String caller : ServiceNames.ALL) {
            config.getOptionalValue(PREFIX + "trusted.\"" + caller + "\"", String.class)
                    .or(() -> config.getOptionalValue(PREFIX + "trusted." + caller, String.class))
                    .ifPresent(location -> trusted.put(caller, location));
        }
        return new ServiceAuthSettings(name, privateKey, trusted);
    }

    /** The signer of this service's calls; fails with the setting to fix when no key is configured. */
    public ServiceTokenIssuer issuer() {
        String location = privateKey.orElseThrow(() -> new IllegalStateException(
                PREFIX + "private-key is required: the PKCS#8 PEM Ed25519 key " + name + " signs its internal calls with"));
        return new ServiceTokenIssuer(name, ServiceKeys.privateKey(location, PREFIX + "private-key"));
    }

    /** The verifier of calls to this service, trusting the configured callers' public keys. */
    public ServiceTokenVerifier verifier() {
        Map<String, PublicKey> keys = new TreeMap<>();
        trusted.forEach((caller, location) ->
                keys.put(caller, ServiceKeys.publicKey(location, PREFIX + "trusted.\"" + caller + "\"")));
        return new ServiceTokenVerifier(name, keys);
    }
}
