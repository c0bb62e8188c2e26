/**
 * How a service process ends: a graceful shutdown bounded in time, and, when its launcher asks for it, a stop once
 * the launcher is gone. JDK only, so every service's {@code main} uses the same rules whatever its framework.
 */
package io.nostale.wire.lifetime;
