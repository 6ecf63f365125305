package org.doorstep.agent.device.ipp;

import java.util.Optional;

/** IPP status codes (RFC 8011 §B; the ones a printer answers the agent's operations with). */
public enum IppStatus {
  SUCCESSFUL_OK(0x0000, "successful-ok"),
  SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES(0x0001, "successful-ok-ignored-or-substituted-attributes"),
  SUCCESSFUL_OK_CONFLICTING_ATTRIBUTES(0x0002, "successful-ok-conflicting-attributes"),
  CLIENT_ERROR_BAD_REQUEST(0x0400, "client-error-bad-request"),
  CLIENT_ERROR_FORBIDDEN(0x0401, "client-error-forbidden"),
  CLIENT_ERROR_NOT_AUTHENTICATED(0x0402, "client-error-not-authenticated"),
  CLIENT_ERROR_NOT_AUTHORIZED(0x0403, "client-error-not-authorized"),
  CLIENT_ERROR_NOT_POSSIBLE(0x0404, "client-error-not-possible"),
  CLIENT_ERROR_TIMEOUT(0x0405, "client-error-timeout"),
  CLIENT_ERROR_NOT_FOUND(0x0406, "client-error-not-found"),
  CLIENT_ERROR_GONE(0x0407, "client-error-gone"),
  CLIENT_ERROR_REQUEST_ENTITY_TOO_LARGE(0x0408, "client-error-request-entity-too-large"),
  CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED(0x040A, "client-error-document-format-not-supported"),
  CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED(0x040B, "client-error-attributes-or-values-not-supported"),
  CLIENT_ERROR_DOCUMENT_FORMAT_ERROR(0x0411, "client-error-document-format-error"),
  SERVER_ERROR_INTERNAL_ERROR(0x0500, "server-error-internal-error"),
  SERVER_ERROR_OPERATION_NOT_SUPPORTED(0x0501, "server-error-operation-not-supported"),
  SERVER_ERROR_SERVICE_UNAVAILABLE(0x0502, "server-error-service-unavailable"),
  SERVER_ERROR_VERSION_NOT_SUPPORTED(0x0503, "server-error-version-not-supported"),
  SERVER_ERROR_DEVICE_ERROR(0x0504, "server-error-device-error"),
  SERVER_ERROR_TEMPORARY_ERROR(0x0505, "server-error-temporary-error"),
  SERVER_ERROR_NOT_ACCEPTING_JOBS(0x0506, "server-error-not-accepting-jobs"),
  SERVER_ERROR_BUSY(0x0507, "server-error-busy"),
  SERVER_ERROR_JOB_CANCELED(0x0508, "server-error-job-canceled");

  private final int code;
  private final String keyword;

  IppStatus(int code, String keyword) {
    this.code = code;
    this.keyword = keyword;
  }

  public int code() {
    return code;
  }

  public String keyword() {
    return keyword;
  }

  /** Whether a status-code is in the successful range (0x0000–0x00FF, RFC 8011 §B.1.2). */
  public static boolean isSuccessful(int code) {
    return code >= 0 && code <= 0x00FF;
  }

  /** The keyword of a status-code, or its hex form for one this table lacks. */
  public static String describe(int code) {
    return of(code).map(IppStatus::keyword).orElse(String.format("status 0x%04X", code));
  }

  public static Optional<IppStatus> of(int code) {
    for (IppStatus s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
