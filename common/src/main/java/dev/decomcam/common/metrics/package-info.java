/** What every service's metrics endpoint is configured by, declared once for all of them. */
package dev.decomcam.common.metrics;
