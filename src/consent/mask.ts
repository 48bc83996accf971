/** Masks a held value for display, so a screen or log shows enough to recognise it, no more. */
import type { ItemType } from '../map/index.ts';

export function maskValue(type: ItemType, value: string): string {
  switch (type) {
    case 'phone':
      return `•••• ${value.slice(-3)}`;
    case 'email': {
      const [user = '', domain = ''] = value.split('@');
      return `${user.slice(0, 1)}•••@${domain}`;
    }
    case 'date':
      return `••••-${value.slice(5, 7)}-••`;
    default:
      return value.length <= 2 ? '••' : `${value.slice(0, 1)}•••${value.slice(-1)}`;
  }
}
