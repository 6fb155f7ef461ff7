/**
 * Layered service configuration (defaults, properties file, environment, flags) with typed,
 * validated getters. Shared by every service so each key is overridable the same way.
 */
package dev.decomcam.common.config;
