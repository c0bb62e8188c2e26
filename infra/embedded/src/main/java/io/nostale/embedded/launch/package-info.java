/**
 * Running the whole product: each service as its own JVM ({@link io.nostale.embedded.launch.ServiceProcess}),
 * the three of them on an embedded stack ({@link io.nostale.embedded.launch.Product}), and the one command of the
 * README ({@link io.nostale.embedded.launch.StackLauncher}).
 */
package io.nostale.embedded.launch;
