package org.doorstep.agent.device.printer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How receipts are laid out on one terminal.
 *
 * @param zone                  local time on paper (Asia/Shanghai in China)
 * @param width                 paper width, from {@code devices.printer.paperWidthMm}
 * @param verificationUrlPrefix when present, the QR code carries this prefix followed by the
 *                              URL-encoded record id (a page where staff or a third party checks the
 *                              record); when empty, the QR code carries the bare record id
 * @param qrModuleSize          dots per QR module (1..16)
 * @param cut                   how each receipt is cut off
 */
public record ReceiptOptions(ZoneId zone, PaperWidth width, Optional<String> verificationUrlPrefix, int qrModuleSize,
    Cut cut) {
  /** Shanghai time. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  /**
   * 6 dots (0.75 mm) per module: a record id with a URL prefix is a version 3–5 symbol, about 25–30
   * mm wide, which phone cameras read off thermal paper and which fits both widths.
   */
  public static final int DEFAULT_QR_MODULE_SIZE = 6;

  public ReceiptOptions {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(width, "width");
    Objects.requireNonNull(verificationUrlPrefix, "verificationUrlPrefix");
    verificationUrlPrefix = verificationUrlPrefix.filter(p -> !p.isBlank());
    if (qrModuleSize < 1 || qrModuleSize > 16) {
      throw new IllegalArgumentException("qrModuleSize: must be 1..16, was " + qrModuleSize);
    }
    Objects.requireNonNull(cut, "cut");
  }

  /** 58 mm, Shanghai time, bare record id in the QR code, module 6, full cut. */
  public static ReceiptOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().zone(zone).width(width).verificationUrlPrefix(verificationUrlPrefix.orElse(null))
        .qrModuleSize(qrModuleSize).cut(cut);
  }

  /** What the QR code of the receipt of {@code recordId} carries. */
  public String qrPayload(String recordId) {
    return verificationUrlPrefix.map(p -> p + URLEncoder.encode(recordId, StandardCharsets.UTF_8)).orElse(recordId);
  }

  /** Builder; every field has a default. */
  public static final class Builder {
    private ZoneId zone = CHINA;
    private PaperWidth width = PaperWidth.MM_58;
    private String verificationUrlPrefix;
    private int qrModuleSize = DEFAULT_QR_MODULE_SIZE;
    private Cut cut = Cut.FULL;

    private Builder() {}

    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    public Builder width(PaperWidth width) {
      this.width = width;
      return this;
    }

    /** {@code devices.printer.paperWidthMm}: 58 or 80. */
    public Builder paperWidthMm(int mm) {
      this.width = PaperWidth.ofMillimetres(mm);
      return this;
    }

    /** E.g. {@code https://verify.example.gov.cn/r/}; {@code null} or blank for none. */
    public Builder verificationUrlPrefix(String prefix) {
      this.verificationUrlPrefix = prefix;
      return this;
    }

    public Builder qrModuleSize(int dots) {
      this.qrModuleSize = dots;
      return this;
    }

    public Builder cut(Cut cut) {
      this.cut = cut;
      return this;
    }

    public ReceiptOptions build() {
      return new ReceiptOptions(zone, width, Optional.ofNullable(verificationUrlPrefix), qrModuleSize, cut);
    }
  }
}
