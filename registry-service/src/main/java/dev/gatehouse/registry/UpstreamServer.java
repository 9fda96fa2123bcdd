package dev.gatehouse.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** An upstream MCP server registered in a workspace, with the result of its last health check. */
@Entity
@Table(name = "upstream_server")
public class UpstreamServer {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "workspace_id", nullable = false, updatable = false)
    public Workspace workspace;

    @Column(nullable = false, updatable = false)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String url;

    @Convert(converter = TransportConverter.class)
    @Column(nullable = false)
    public Transport transport;

    @Column(nullable = false)
    public String prefix;

    @Column(name = "timeout_ms", nullable = false)
    public int timeoutMs;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "credential_header")
    public String credentialHeader;

    /** AES-GCM ciphertext of the credential value (see CredentialCipher); never the clear value. */
    @Column(name = "credential_encrypted")
    public String credentialEncrypted;

    @Column(name = "health_status", nullable = false)
    public String healthStatus = "unknown";

    @Column(name = "health_latency_ms")
    public Long healthLatencyMs;

    @Column(name = "health_tool_count")
    public Integer healthToolCount;

    @Column(name = "health_error")
    public String healthError;

    @Column(name = "health_checked_at")
    public Instant healthCheckedAt;

    @Column(name = "health_unreported", nullable = false)
    public int healthUnreported;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Stores {@link Transport} by its wire name. */
    @Converter
    public static class TransportConverter implements AttributeConverter<Transport, String> {
        @Override
        public String convertToDatabaseColumn(Transport transport) {
            return transport == null ? null : transport.wireName();
        }

        @Override
        public Transport convertToEntityAttribute(String name) {
            return name == null ? null : Transport.fromWireName(name).orElseThrow();
        }
    }
}
