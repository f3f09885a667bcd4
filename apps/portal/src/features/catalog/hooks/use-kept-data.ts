'use client';

import { useState } from 'react';

/**
 * The latest defined value: while a new search loads, the previous results stay on screen
 * instead of flashing back to a skeleton.
 */
export function useKeptData<T>(data: T | undefined): T | undefined {
  const [kept, setKept] = useState(data);
  if (data !== undefined && data !== kept) setKept(data);
  return data ?? kept;
}
