package org.doorstep.agent.device.printer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * An application form (参保登记, 信息变更 …) summarised on paper for the applicant to check and sign.
 * The applicant's name and ID number are printed masked; {@link #fields()} are printed as given, so
 * mask any personal value (phone, address, bank account) before, e.g. with
 * {@link ReceiptTemplates#maskMiddle(String, int, int)}.
 *
 * @param deviceId     the terminal
 * @param formTitle    the form, e.g. {@code 城乡居民基本养老保险参保登记}
 * @param idNumber     the applicant (printed masked: first 3, last 4)
 * @param name         the applicant (printed masked: first character)
 * @param recordId     id of the committed record
 * @param submittedAt  when the form was submitted
 * @param fields       label/value pairs, in print order
 */
public record ApplicationSummary(String deviceId, String formTitle, IdNumber idNumber, PersonName name,
    String recordId, Instant submittedAt, List<Field> fields) {
  public ApplicationSummary {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(formTitle, "formTitle");
    Objects.requireNonNull(idNumber, "idNumber");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(submittedAt, "submittedAt");
    fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
  }

  /** One line of the form. */
  public record Field(String label, String value) {
    public Field {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }
  }
}
