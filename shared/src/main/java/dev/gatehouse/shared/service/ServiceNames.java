package dev.gatehouse.shared.service;

import java.util.Set;

/** The names services use for each other in service tokens ({@code iss}, {@code sub}, {@code aud}, {@code kid}). */
public final class ServiceNames {

    public static final String GATEWAY = "gateway";
    public static final String REGISTRY = "registry";
    public static final String IDENTITY = "identity";
    public static final String AUDIT = "audit";

    public static final Set<String> ALL = Set.of(GATEWAY, REGISTRY, IDENTITY, AUDIT);

    private ServiceNames() {
    }
}
