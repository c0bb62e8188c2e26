/**
 * The driver's own workload: the rows it seeds (users, rooms, memberships, join requests), the timepoints it reads
 * for its pages exactly as the renderer does, and the paced JDBC writers whose every commit is logged with a unique
 * marker, its transaction id and the moment its COMMIT returned.
 */
package io.nostale.load.workload;
