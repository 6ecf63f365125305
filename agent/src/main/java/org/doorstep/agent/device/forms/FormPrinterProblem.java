package org.doorstep.agent.device.forms;

import org.doorstep.agent.model.DeviceFault;

/**
 * Why a form did not print, precisely: the {@code reason} of a {@link org.doorstep.agent.device.DeviceException}
 * from a {@link FormPrinter}, and the health error code ({@link #name()}). Words are zh-CN first, then English,
 * as on the receipt printer's problems; they never carry personal data.
 */
public enum FormPrinterProblem {
  MEDIA_EMPTY(DeviceFault.PAPER_OUT, "打印机缺纸，请放入A4纸", "the printer is out of paper: load A4 paper"),
  MEDIA_JAM(DeviceFault.HARDWARE_ERROR, "打印机卡纸，请取出卡住的纸张", "paper jam: open the printer and remove the jammed sheet"),
  DOOR_OPEN(DeviceFault.HARDWARE_ERROR, "打印机盖门未关好", "a cover or door of the printer is open: close it"),
  MARKER_EMPTY(DeviceFault.HARDWARE_ERROR, "墨粉或墨水已用完，请更换", "toner or ink is empty: replace the cartridge"),
  PRINTER_STOPPED(DeviceFault.HARDWARE_ERROR, "打印机已停止，请查看打印机面板", "the printer is stopped: look at its panel"),
  OFFLINE(DeviceFault.NOT_CONNECTED, "打印机离线", "the printer reports itself offline"),
  UNREACHABLE(DeviceFault.NOT_CONNECTED, "无法连接打印机，请检查网络和打印机地址",
      "cannot connect to the printer: check the network and devices.formPrinter.uri"),
  NO_ANSWER(DeviceFault.TIMEOUT, "打印机无应答", "the printer did not answer in time"),
  NOT_ACCEPTING_JOBS(DeviceFault.HARDWARE_ERROR, "打印机暂不接受打印任务", "the printer is not accepting jobs (paused queue?)"),
  PDF_NOT_SUPPORTED(DeviceFault.HARDWARE_ERROR, "打印机不支持PDF文档",
      "the printer does not accept PDF (document-format-supported lacks application/pdf)"),
  JOB_ABORTED(DeviceFault.HARDWARE_ERROR, "打印任务被打印机中止", "the printer aborted the job"),
  JOB_CANCELED(DeviceFault.HARDWARE_ERROR, "打印任务已被取消", "the job was canceled at the printer"),
  JOB_TIMEOUT(DeviceFault.TIMEOUT, "打印任务超时未完成", "the job did not complete in time"),
  REFUSED(DeviceFault.HARDWARE_ERROR, "打印机拒绝了打印请求", "the printer refused the request (IPP error status)"),
  BAD_RESPONSE(DeviceFault.HARDWARE_ERROR, "打印机应答无法识别",
      "the answer is not valid IPP: check that the URI names an IPP printer or a CUPS queue"),
  FONT_MISSING(DeviceFault.UNKNOWN, "表单字体缺失，无法生成表单", "the forms font is missing: run agent/fonts/fetch-fonts.sh");

  private final DeviceFault fault;
  private final String zh;
  private final String en;

  FormPrinterProblem(DeviceFault fault, String zh, String en) {
    this.fault = fault;
    this.zh = zh;
    this.en = en;
  }

  /** The coarse fault of this problem. */
  public DeviceFault fault() {
    return fault;
  }

  public String zh() {
    return zh;
  }

  public String en() {
    return en;
  }

  /** {@code 中文 / English}, for staff. */
  public String words() {
    return zh + " / " + en;
  }
}
