'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import styles from './search-form.module.css';

const DEBOUNCE_MS = 300;

interface Props {
  /** The query in the URL. */
  query: string;
  /** `replace` is true for search-as-you-type, so typing does not flood the history. */
  onSearch: (query: string, options: { replace: boolean }) => void;
}

/** The catalog's search landmark: searches as you type (debounced) and on Enter. */
export function SearchForm({ query, onSearch }: Props) {
  const [text, setText] = useState(query);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The first change of a typing burst gets its own history entry; the rest replace it.
  const pushed = useRef(false);
  const lastSent = useRef(query);
  const input = useRef<HTMLInputElement>(null);

  // The URL changed without us (back button, a link): show its query.
  useEffect(() => {
    if (query !== lastSent.current) {
      lastSent.current = query;
      setText(query);
    }
  }, [query]);

  useEffect(() => () => clearTimeout(timer.current), []);

  // Text typed before the page became interactive is in the field but not in our state: search
  // for it now rather than dropping it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on the first render in the browser
  useEffect(() => {
    const typed = input.current?.value ?? '';
    if (typed !== text) handleChange(typed);
  }, []);

  function send(value: string, replace: boolean) {
    clearTimeout(timer.current);
    lastSent.current = value;
    onSearch(value, { replace });
  }

  function handleChange(value: string) {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      send(value, pushed.current);
      pushed.current = true;
    }, DEBOUNCE_MS);
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    send(text, pushed.current);
    pushed.current = false;
  }

  return (
    <search className={styles.search}>
      <form onSubmit={handleSubmit} className={styles.form}>
        <label htmlFor="catalog-search" className={styles.label}>
          Search models
        </label>
        <div className={styles.row}>
          <input
            id="catalog-search"
            ref={input}
            type="search"
            name="q"
            value={text}
            onChange={(e) => handleChange(e.target.value)}
            onBlur={() => {
              pushed.current = false;
            }}
            placeholder="Name, description, task, tag…"
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            className={styles.input}
          />
          <button type="submit" className={styles.button}>
            Search
          </button>
        </div>
      </form>
    </search>
  );
}
