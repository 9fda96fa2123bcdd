package dev.gatehouse.identity.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A workspace's enforcement toggle; no row means enforcement is off. */
@Entity
@Table(name = "workspace_security")
public class WorkspaceSecurityEntity {

    @Id
    public String workspace;

    @Column(nullable = false)
    public boolean enforcement;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
