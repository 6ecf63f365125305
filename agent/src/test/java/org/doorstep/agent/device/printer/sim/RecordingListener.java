package org.doorstep.agent.device.printer.sim;

import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.device.printer.Align;
import org.doorstep.agent.device.printer.Cut;
import org.doorstep.agent.device.printer.QrErrorCorrection;

/** Records parser events as short strings, for asserts that read like the stream. */
final class RecordingListener implements EscPosParser.Listener {
  final List<String> events = new ArrayList<>();
  final List<String> unknown = new ArrayList<>();

  @Override
  public void initialise() {
    events.add("init");
  }

  @Override
  public void line(String text, Align align, boolean bold, int w, int h) {
    events.add("line " + align + (bold ? " bold" : "") + (w != 1 || h != 1 ? " x" + w + "x" + h : "") + " [" + text + "]");
  }

  @Override
  public void feed(int lines) {
    events.add("feed " + lines);
  }

  @Override
  public void qr(String payload, int moduleSize, QrErrorCorrection ec) {
    events.add("qr " + moduleSize + " " + ec + " [" + payload + "]");
  }

  @Override
  public void cut(Cut cut) {
    events.add("cut " + cut);
  }

  @Override
  public void statusRequest(int n) {
    events.add("status " + n);
  }

  @Override
  public void unknown(String what) {
    unknown.add(what);
  }
}
