/**
 * The business's systems in the map: `${VAR}` references read from the environment, and each
 * system named with its role and what it receives in the notice and the RoPA (every locale), the
 * `justask map` outline and the dashboard's map structure.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapStructure } from '../../../src/http/admin-map.ts';
import {
  buildRopa,
  expandEnv,
  loadMapOrThrow,
  mapOutline,
  noticeMarkdown,
  resolveSystems,
  SHIPPED_LOCALES,
} from '../../../src/map/index.ts';

const { map, texts } = loadMapOrThrow({ dialogsDir: resolve('dialogs'), localesDir: resolve('locales') });

describe('systems', () => {
  it('reads ${VAR} references from the environment; an unset or empty one leaves the setting unset', () => {
    expect(expandEnv('${A}/x', { A: 'http://h' })).toBe('http://h/x');
    expect(expandEnv('${A}', {})).toBeUndefined();
    expect(expandEnv('${A}', { A: '' })).toBeUndefined();
    expect(expandEnv('literal', {})).toBe('literal');
    const systems = resolveSystems(map.catalog, {
      LOGISTICS_URL: 'http://127.0.0.1:4000/logistics/',
      LOGISTICS_WEBHOOK_SECRET: 'whsec_abc=',
    });
    expect(systems.get('logistics')).toEqual({
      id: 'logistics',
      name: 'Example Shop logistics platform',
      role: 'processor',
      url: 'http://127.0.0.1:4000/logistics',
      secret: 'whsec_abc=',
      timeoutMs: 5000,
    });
    expect(systems.get('mailer')).toMatchObject({ id: 'mailer', timeoutMs: 5000 });
    expect(systems.get('mailer')?.url).toBeUndefined();
  });

  /** The system's name in each language, as the catalog declares it (a translatable name). */
  const LOGISTICS = {
    en: 'Example Shop logistics platform',
    nl: 'logistiek platform van Example Shop',
    fr: 'plateforme logistique d’Example Shop',
    de: 'Logistikplattform von Example Shop',
  } as const;

  it.each(SHIPPED_LOCALES)(
    'the %s notice names each system with its role and the purposes it receives',
    (lng) => {
      const md = noticeMarkdown(map, texts, lng, map.noticeVersion);
      const t = (k: string) => texts.t(lng, k, {}, 'notice');
      const m = (k: string) => texts.t(lng, k, {}, 'map');
      expect(md).toContain(t('systems.intro'));
      expect(md).toContain(
        t('systems.line')
          .replace('{{name}}', LOGISTICS[lng])
          .replace('{{role}}', t('role.processor'))
          .replace(
            '{{purposes}}',
            `${m('purposes.delivery-sms.description')}, ${m('purposes.delivery-email.description')}`,
          ),
      );
    },
  );

  it.each(SHIPPED_LOCALES)(
    'the %s RoPA lists the logistics platform among the SMS purpose’s recipients',
    (lng) => {
      const sms = buildRopa(map, texts, map.noticeVersion, lng).activities.find(
        (a) => a.id === 'delivery-sms',
      );
      expect(sms?.recipients.find((r) => r.id === 'logistics')).toEqual({
        id: 'logistics',
        name: LOGISTICS[lng],
        role: texts.t(lng, 'role.processor', {}, 'notice'),
        service: texts.t(lng, 'systems.service', {}, 'notice'),
        country: '',
        processor: true,
      });
    },
  );

  it('shows actions and what each system receives on the map', () => {
    const outline = mapOutline(map, texts);
    expect(outline).toContain(
      'system logistics  “Example Shop logistics platform”  (processor)  receives delivery-sms, delivery-email',
    );
    expect(outline).toContain('does logistics/book-delivery, sends mobile for delivery-sms');
    expect(outline).toContain('does logistics/book-delivery, sends nothing');
    const od = mapStructure(map, texts).journeys.find((j) => j.id === 'order-delivery');
    expect(od?.steps.find((s) => s.id === 'email-confirm')?.action).toEqual({
      system: 'logistics',
      systemName: 'Example Shop logistics platform',
      action: 'book-delivery',
      sends: [{ item: 'email', purpose: 'delivery-email' }],
    });
    expect(od?.edges).toContainEqual({
      from: 'sms-confirm',
      to: 'slot-full',
      label: 'slot-full',
      declined: false,
    });
  });
});
