// The names of the targets, for the layers that must know them without loading any adapter.
export const TARGET_NAMES = ['panora', 'fanfare', 'pandabase', 's2', 'veeqo'] as const;
