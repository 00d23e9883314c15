package dev.geminipi.testkit;

import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.CameraConfig.Mode;
import dev.geminipi.config.CameraConfig.Source;
import java.util.List;

/** A {@link CameraConfig} with the defaults, changed one key at a time, for camera tests. */
public final class CameraConfigBuilder {
  private Mode mode;
  private Source source;
  private List<String> command;
  private String device;
  private int width;
  private int height;
  private int framerate;
  private int intervalMs;
  private int maxAgeMs;
  private int timeoutMs;
  private int jpegQuality;
  private boolean sendOnWake;

  private CameraConfigBuilder(CameraConfig d) {
    mode = d.mode();
    source = d.source();
    command = d.command();
    device = d.device();
    width = d.width();
    height = d.height();
    framerate = d.framerate();
    intervalMs = d.intervalMs();
    maxAgeMs = d.maxAgeMs();
    timeoutMs = d.timeoutMs();
    jpegQuality = d.jpegQuality();
    sendOnWake = d.sendOnWake();
  }

  public static CameraConfigBuilder defaults() {
    return new CameraConfigBuilder(CameraConfig.defaults());
  }

  /** Mode on-request, source command with this argv. */
  public static CameraConfigBuilder command(List<String> argv) {
    return defaults().mode(Mode.ON_REQUEST).source(Source.COMMAND).argv(argv);
  }

  public CameraConfigBuilder mode(Mode v) {
    mode = v;
    return this;
  }

  public CameraConfigBuilder source(Source v) {
    source = v;
    return this;
  }

  public CameraConfigBuilder argv(List<String> v) {
    command = v;
    return this;
  }

  public CameraConfigBuilder device(String v) {
    device = v;
    return this;
  }

  public CameraConfigBuilder size(int w, int h) {
    width = w;
    height = h;
    return this;
  }

  public CameraConfigBuilder framerate(int v) {
    framerate = v;
    return this;
  }

  public CameraConfigBuilder intervalMs(int v) {
    intervalMs = v;
    return this;
  }

  public CameraConfigBuilder maxAgeMs(int v) {
    maxAgeMs = v;
    return this;
  }

  public CameraConfigBuilder timeoutMs(int v) {
    timeoutMs = v;
    return this;
  }

  public CameraConfigBuilder jpegQuality(int v) {
    jpegQuality = v;
    return this;
  }

  public CameraConfigBuilder sendOnWake(boolean v) {
    sendOnWake = v;
    return this;
  }

  public CameraConfig build() {
    return new CameraConfig(mode, source, command, device, width, height, framerate, intervalMs, maxAgeMs,
        timeoutMs, jpegQuality, sendOnWake);
  }
}
