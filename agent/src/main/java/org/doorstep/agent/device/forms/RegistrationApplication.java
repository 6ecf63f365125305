package org.doorstep.agent.device.forms;

import java.time.Instant;
import java.util.Objects;
import org.doorstep.agent.model.IdCardText;

/**
 * A resident's registration application (参保登记), as the 登记申请表 prints it for signature. The form shows
 * the applicant's full identity as read from the ID card (the signature attests it), so {@link #toString()}
 * masks it like every other personal value.
 *
 * @param deviceId    the terminal
 * @param region      the terminal's region (administrative division name or code)
 * @param recordId    id of the committed application record (also the QR code's payload)
 * @param holder      the applicant's ID card text block
 * @param residence   current residential address (may differ from the registered address on the card)
 * @param phone       contact telephone
 * @param service     the service requested, e.g. 城乡居民基本养老保险参保登记
 * @param submittedAt when the application was submitted
 */
public record RegistrationApplication(String deviceId, String region, String recordId, IdCardText holder,
    String residence, String phone, String service, Instant submittedAt) {
  public RegistrationApplication {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(residence, "residence");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(submittedAt, "submittedAt");
  }

  @Override
  public String toString() {
    return "RegistrationApplication[" + recordId + ", " + holder.idNumber().masked() + ", " + holder.name().masked()
        + ", " + service + "]";
  }
}
