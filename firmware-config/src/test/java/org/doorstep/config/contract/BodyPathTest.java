package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.doorstep.config.testing.SampleBodies;
import org.junit.jupiter.api.Test;

/** Invalid bodies are refused with the full path of the member at fault, including nested ones. */
class BodyPathTest {

  private static ObjectNode fullRecord() {
    return WireCodec.mapper().valueToTree(SampleBodies.FULL_RECORD);
  }

  private static String refusal(ObjectNode body) {
    WireException e = catchThrowableOfType(WireException.class,
        () -> WireCodec.convert(body, CertificationRecord.class));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(WireException.Reason.INVALID_BODY);
    return e.getMessage();
  }

  @Test
  void missing_primitive_in_nested_record_is_refused_not_defaulted() {
    ObjectNode body = fullRecord();
    ((ObjectNode) body.get("liveness").get("challenges").get(0)).remove("passed");
    assertThat(refusal(body)).isEqualTo("body.liveness.challenges[0].passed: is required");
  }

  @Test
  void missing_top_level_primitive_is_refused() {
    ObjectNode body = fullRecord();
    body.remove("configVersion");
    assertThat(refusal(body)).isEqualTo("body.configVersion: is required");
  }

  @Test
  void nested_constraint_names_its_full_path() {
    ObjectNode body = fullRecord();
    ((ObjectNode) body.get("match")).put("scoreMilli", 5000);
    assertThat(refusal(body)).startsWith("body.match.scoreMilli: must be in -1000..1000");
  }

  @Test
  void scalar_value_type_is_named_once() {
    ObjectNode body = fullRecord();
    ((ObjectNode) body.get("subject")).put("idNumber", " ");
    assertThat(refusal(body)).isEqualTo("body.subject.idNumber: must not be blank");
  }

  @Test
  void evidence_hash_names_its_index() {
    ObjectNode body = fullRecord();
    ((ObjectNode) body.get("evidence").get(0)).put("sha256", "XYZ");
    assertThat(refusal(body)).startsWith("body.evidence[0].sha256: must be 64 lower-case hex");
  }
}
