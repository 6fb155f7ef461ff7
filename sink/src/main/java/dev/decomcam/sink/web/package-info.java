/**
 * The live dashboard: the newest overlay of each camera in a browser, served on the loopback
 * interface.
 */
package dev.decomcam.sink.web;
