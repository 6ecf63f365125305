package org.doorstep.agent.device.idcard.sim;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.doorstep.agent.device.idcard.Gb11643;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * Fictitious pension recipients with valid GB 11643 numbers (check character computed, never typed).
 * Region codes are real county codes so that statistics by region look plausible in the demo; the
 * people do not exist.
 */
public final class SampleResidents {
  /** 张三, born 1950-03-07 in Dongcheng, Beijing. */
  public static final IdCard ZHANG_SAN = resident("张三", "110101", "19500307", "123", LocalDate.MAX);
  /** 李四, born 1949-12-31 in Chaoyang, Beijing; check character X. */
  public static final IdCard LI_SI = resident("李四", "110105", "19491231", "002", LocalDate.MAX);
  /** 王五, born 1955-06-18 in Wuhou, Chengdu. */
  public static final IdCard WANG_WU = resident("王五", "510107", "19550618", "031", LocalDate.of(2036, 6, 18));
  /** 赵秀英, born 1952-11-02 in Gulou, Nanjing. */
  public static final IdCard ZHAO_XIUYING = resident("赵秀英", "320106", "19521102", "046", LocalDate.MAX);
  /** 陈建国, born 1958-01-25 in Yuexiu, Guangzhou. */
  public static final IdCard CHEN_JIANGUO = resident("陈建国", "440104", "19580125", "057", LocalDate.of(2038, 1, 25));
  /** 刘桂兰, born 1947-08-09 in Lixia, Jinan; her card expired in 2020. */
  public static final IdCard LIU_GUILAN_EXPIRED = resident("刘桂兰", "370102", "19470809", "068", LocalDate.of(2020, 8, 9));

  /** The residents with valid cards, in demo order. */
  public static final List<IdCard> ALL = List.of(ZHANG_SAN, LI_SI, WANG_WU, ZHAO_XIUYING, CHEN_JIANGUO);

  private SampleResidents() {}

  /** The {@code i}-th resident of {@link #ALL}, cycling. */
  public static IdCard cycle(int i) {
    return ALL.get(Math.floorMod(i, ALL.size()));
  }

  /**
   * A resident card with a computed check character and a synthetic photo.
   *
   * @param region 6-digit region code
   * @param birth  yyyyMMdd
   * @param seq    3-digit sequence
   */
  public static IdCard resident(String name, String region, String birth, String seq, LocalDate validUntil) {
    String number = Gb11643.complete(region + birth + seq);
    byte[] photo = ("synthetic-photo:" + number).getBytes(StandardCharsets.UTF_8);
    return new IdCard(CardType.RESIDENT, IdNumber.of(number), PersonName.of(name), validUntil, IdPhoto.of(photo));
  }
}
