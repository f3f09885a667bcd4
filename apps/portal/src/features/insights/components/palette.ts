/** Okabe–Ito colours: distinguishable in colour-blind palettes; words always carry the meaning too. */
export const COLOURS = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  pink: '#CC79A7',
  sky: '#56B4E9',
  vermilion: '#D55E00',
  grey: '#999999',
} as const;

export const TIER_COLOURS: Record<string, string> = {
  CRITICAL: COLOURS.vermilion,
  HIGH: COLOURS.orange,
  MEDIUM: COLOURS.sky,
  LOW: COLOURS.green,
  UNASSIGNED: COLOURS.grey,
};
