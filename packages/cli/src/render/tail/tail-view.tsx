/**
 * The live tail TUI (Ink): newest items at the bottom, space pauses (items keep arriving and are
 * counted, the screen holds still), ↑/↓ select, enter shows the full span or log record, esc
 * goes back, q quits.
 */
import { useEffect, useState } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { TailEvent } from '@pointer/sdk';
import { eventRow } from './rows.js';

export interface TailViewProps {
  source: AsyncIterable<TailEvent>;
  title: string;
  /** Items kept for scrolling back. */
  keep?: number;
}

export function TailView({ source, title, keep = 1000 }: TailViewProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [items, setItems] = useState<TailEvent[]>([]);
  const [shown, setShown] = useState<TailEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState(false);
  const [received, setReceived] = useState(0);
  const [missed, setMissed] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    void (async () => {
      try {
        for await (const ev of source) {
          if (stopped) break;
          if (ev.type === 'missed') setMissed((m) => m + ev.count);
          else setReceived((r) => r + 1);
          setItems((prev) => (prev.length >= keep ? [...prev.slice(prev.length - keep + 1), ev] : [...prev, ev]));
        }
      } catch (err) {
        setError(`${(err as { code?: string }).code ?? 'PTR_ERR_INTERNAL'}: ${(err as Error).message}`);
      }
    })();
    return () => {
      stopped = true;
    };
  }, [source, keep]);

  useEffect(() => {
    if (!paused) setShown(items);
  }, [items, paused]);

  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) return exit();
    if (input === ' ' || input === 'p') return setPaused((p) => !p);
    if (key.escape || key.backspace) return setDetail(false);
    if (key.return && selected !== null) return setDetail(true);
    if (key.upArrow || input === 'k') {
      setPaused(true);
      setSelected((s) => Math.max(0, (s ?? shown.length) - 1));
    }
    if (key.downArrow || input === 'j') setSelected((s) => (s === null ? null : Math.min(shown.length - 1, s + 1)));
  });

  const rows = Math.max(3, (stdout.rows ?? 24) - 4);
  const status = `${received} received, ${missed} missed  ${paused ? 'PAUSED' : 'LIVE'}`;
  const header = (
    <Text>
      <Text bold>pointer tail {title}</Text>
      {'  '}
      <Text color={paused ? 'yellow' : 'green'}>{status}</Text>
    </Text>
  );
  const help = <Text dimColor>space pause · ↑/↓ select · enter detail · esc back · q quit</Text>;

  if (detail && selected !== null && shown[selected]) {
    const ev = shown[selected]!;
    const body = ev.type === 'span' ? ev.span : ev.type === 'log' ? ev.log : ev;
    return (
      <Box flexDirection="column">
        {header}
        <Text>{JSON.stringify(body, null, 2)}</Text>
        {help}
      </Box>
    );
  }
  const end = selected === null ? shown.length : Math.min(shown.length, Math.max(selected + 1, rows));
  const start = Math.max(0, end - rows);
  return (
    <Box flexDirection="column">
      {header}
      {error ? <Text color="red">error {error}</Text> : null}
      {shown.length === 0 ? <Text dimColor>waiting for {title}…</Text> : null}
      {shown.slice(start, end).map((ev, k) => {
        const idx = start + k;
        const row = eventRow(ev);
        return (
          <Text key={idx} inverse={idx === selected} color={ev.type === 'missed' ? 'yellow' : undefined} wrap="truncate">
            {row}
          </Text>
        );
      })}
      {help}
    </Box>
  );
}
