package dev.gatehouse.gateway.routing;

/** registry-service could not give a workspace's routing and none is cached (answered 503). */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
