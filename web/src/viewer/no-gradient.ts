/**
 * Skips the expensive part of niivue's volume refresh that this viewer never uses. Every
 * updateGLVolume (niivue 0.69) also computes a blur + Sobel gradient texture of the background
 * volume, only used to light the 3D render, which this viewer never shows (multiplanarShowRender
 * NEVER). In software WebGL (SwiftShader) those passes were ~3/4 of a CT refresh (measured: 4.5-6.7
 * s -> 1.0-2.3 s for a 256x256x100 CT on the loaded 2-core test machine). niivue has no option for
 * it, so the gradient shaders' programs are relinked with a fragment shader that writes zero
 * (same vertex shader, so the passes still run and the texture exists, just cheaply). If niivue
 * changes and anything here is missing, it leaves niivue as it is.
 */
import type { Niivue } from '@niivue/niivue';

const ZERO_FRAGMENT = `#version 300 es
precision highp float;
out vec4 FragColor;
void main(void) { FragColor = vec4(0.0); }`;

const GRADIENT_SHADERS = [
  'blurShader',
  'sobelFirstOrderShader',
  'sobelSecondOrderShader',
  'gradientPrePassShader',
] as const;

interface ShaderLike {
  program: WebGLProgram;
  uniforms: Record<string, WebGLUniformLocation | null>;
}

function relinkWithZeroFragment(gl: WebGL2RenderingContext, shader: ShaderLike): boolean {
  const vertex = (gl.getAttachedShaders(shader.program) ?? []).find(
    (s) => gl.getShaderParameter(s, gl.SHADER_TYPE) === gl.VERTEX_SHADER,
  );
  const fragment = gl.createShader(gl.FRAGMENT_SHADER);
  const program = gl.createProgram();
  if (vertex === undefined || fragment === null) return false;
  gl.shaderSource(fragment, ZERO_FRAGMENT);
  gl.compileShader(fragment);
  gl.attachShader(program, vertex);
  gl.attachShader(program, fragment);
  gl.linkProgram(program);
  if (gl.getProgramParameter(program, gl.LINK_STATUS) !== true) return false;
  shader.program = program;
  // The old uniform locations belong to the old program; null locations are ignored by WebGL.
  for (const name of Object.keys(shader.uniforms)) shader.uniforms[name] = null;
  return true;
}

/** After attachToCanvas: makes the 3D-lighting gradient passes trivial. Returns how many. */
export function skipGradientPasses(nv: Niivue): number {
  let done = 0;
  try {
    const gl = nv.gl;
    const holder = nv as unknown as Record<string, unknown>;
    for (const key of GRADIENT_SHADERS) {
      const shader = holder[key] as Partial<ShaderLike> | undefined;
      if (shader?.program === undefined || typeof shader.uniforms !== 'object') continue;
      if (relinkWithZeroFragment(gl, shader as ShaderLike)) done += 1;
    }
  } catch {
    // niivue internals changed: keep its own shaders (slower, still correct).
  }
  return done;
}
