// The only clock in the app: while playing, one `tick` per step interval. Renders nothing.
import { useEffect } from 'react';
import { baseStepMs, dispatch, selectCursor, selectPlaying, selectSpeed, useAppStore } from '../../store';

export function Playback() {
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const cursor = useAppStore(selectCursor);
  useEffect(() => {
    if (!playing) return undefined;
    // Re-armed after every step (the cursor is a dependency), so a speed change applies at once.
    const timer = setTimeout(() => dispatch({ type: 'tick' }), baseStepMs / speed);
    return () => clearTimeout(timer);
  }, [playing, speed, cursor]);
  return null;
}
