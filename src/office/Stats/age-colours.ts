import type { AgeBucket } from '../../domain/service-clock';

/**
 * One hue, light to dark with age, so the order reads in greyscale too; the count written
 * on a segment takes the ink that keeps 4.5:1 contrast on it.
 */
export const AGE_COLOURS: Record<AgeBucket, { fill: string; ink: string }> = {
  '0-7': { fill: '#c6dbef', ink: '#1b1f23' },
  '8-30': { fill: '#6baed6', ink: '#1b1f23' },
  '31-90': { fill: '#2171b5', ink: '#ffffff' },
  '90+': { fill: '#08306b', ink: '#ffffff' },
};
