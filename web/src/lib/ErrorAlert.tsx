// An error from the API, announced (role="alert") and readable: Mantine's light Alert with a shaded colour (red.9)
// draws black text on a red fill (3.8:1, below WCAG AA); the outline variant draws red.9 text on white (5.4:1).
import { Alert, type AlertProps } from '@mantine/core';

export function ErrorAlert(props: Omit<AlertProps, 'color' | 'variant'>) {
  return <Alert variant="outline" color="red.9" role="alert" {...props} />;
}
