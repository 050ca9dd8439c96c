/**
 * The handle between the library and the editor (role=separator): drag it, or focus it and use
 * ←/→ (Shift for bigger steps) and Home/End. The width is kept for the next start.
 */
import type { KeyboardEvent, PointerEvent } from 'react';

interface SplitterProps {
  width: number;
  min: number;
  max: number;
  onWidth: (width: number) => void;
  controls: string;
}

export function Splitter({ width, min, max, onWidth, controls }: SplitterProps) {
  const clamp = (w: number) => Math.round(Math.max(min, Math.min(max, w)));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 48 : 16;
    const to: Record<string, number | undefined> = { ArrowLeft: width - step, ArrowRight: width + step, Home: min, End: max };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onWidth(clamp(next));
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const startWidth = width;
    const move = (e: globalThis.PointerEvent) => onWidth(clamp(startWidth + e.clientX - startX));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the library"
      aria-controls={controls}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
    />
  );
}
