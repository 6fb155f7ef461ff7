/** Prometheus metrics (client 1.x) for the services, served on the loopback interface. */
package dev.decomcam.ops.metrics;
