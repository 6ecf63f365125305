package org.doorstep.agent.model;

/**
 * What the screen tells the resident during the face check, in plain words: where to put the face
 * ({@code face.*}, from the quality gate) and what to do next ({@code challenge.*}, from the liveness
 * challenges). {@link #zh()} is the default simplified-Chinese text, {@link #words()} the same in plain
 * English; the screen shows them by {@link #key()} like any {@code ResidentMessage}.
 */
public enum Guidance {
  LOOK_AT_CAMERA("face.look-at-camera", "请站到屏幕前，正对摄像头", "please stand in front of the screen and look at the camera"),
  ONLY_ONE_PERSON("face.one-person", "请保持镜头前只有您一个人", "only one person in front of the camera, please"),
  MOVE_CLOSER("face.move-closer", "请再靠近一点", "please come a little closer"),
  MOVE_BACK("face.move-back", "请稍微往后一点", "please move back a little"),
  MOVE_LEFT("face.move-left", "请往左边挪一点", "please move a little to your left"),
  MOVE_RIGHT("face.move-right", "请往右边挪一点", "please move a little to your right"),
  MOVE_UP("face.move-up", "请把脸抬高一点", "please raise your face a little"),
  MOVE_DOWN("face.move-down", "请把脸放低一点", "please lower your face a little"),
  TOO_DARK("face.too-dark", "光线太暗，请面向亮处", "it is too dark, please face the light"),
  TOO_BRIGHT("face.too-bright", "光线太强，请避开强光", "too much light, please move out of the glare"),
  HOLD_STILL("face.hold-still", "请保持不动", "please hold still"),
  LOOK_STRAIGHT("face.look-straight", "请正视摄像头", "please look straight at the camera"),
  GOOD("face.good", "很好，请保持", "good, stay like that"),
  BLINK("challenge.blink", "请眨一眨眼睛", "please blink your eyes"),
  TURN_LEFT("challenge.turn-left", "请慢慢向左转头", "slowly turn your head to your left"),
  TURN_RIGHT("challenge.turn-right", "请慢慢向右转头", "slowly turn your head to your right"),
  NOD("challenge.nod", "请点一点头", "please nod your head"),
  OPEN_MOUTH("challenge.open-mouth", "请张一张嘴", "please open your mouth"),
  TRY_AGAIN("challenge.try-again", "没有看清，请再做一次", "that was not seen, please do it once more"),
  DONE("challenge.done", "动作完成，请稍候", "done, please wait");

  private final String key;
  private final String zh;
  private final String words;

  Guidance(String key, String zh, String words) {
    this.key = key;
    this.zh = zh;
    this.words = words;
  }

  /** Stable key for screens and translations. */
  public String key() {
    return key;
  }

  /** Default text in simplified Chinese. */
  public String zh() {
    return zh;
  }

  /** The same in plain English words. */
  public String words() {
    return words;
  }
}
