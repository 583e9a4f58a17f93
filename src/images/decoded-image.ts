// A photo decoded once by sharp (src/images/decode.ts): EXIF orientation applied, alpha removed,
// downscaled when large. Shared by the face detector (faces.ts), the floor-plan heuristic and the
// orchestrator (analyze-image.ts). Pixels are row-major, interleaved RGB (3 bytes per pixel).
export interface DecodedImage {
  /** RGB, 3 channels, row-major: length === width * height * 3 */
  data: Uint8Array;
  width: number;
  height: number;
}
