import { describe, expect, it } from '@jest/globals'
import {
  artifactUrl,
  checkArtifactName,
  defaultUploadName,
  isHiddenPath,
  sanitizeArtifactName,
  selectUploadFiles
} from '../../src/artifacts/upload.js'

const RUN = '0b7e3f1c-5d2a-4c8e-9f10-2a3b4c5d6e7f'

describe('upload names', () => {
  it.each([
    ['out', undefined, 'vm0-out-0b7e3f1c'],
    ['out', '1', 'vm0-out-0b7e3f1c'],
    ['out', '3', 'vm0-out-0b7e3f1c-attempt-3'],
    ['out', 'x', 'vm0-out-0b7e3f1c'],
    ['my/site:v2', undefined, 'vm0-my-site-v2-0b7e3f1c'],
    ['a"b<c>d|e*f?g\\h\r\ni', undefined, 'vm0-a-b-c-d-e-f-g-h--i-0b7e3f1c']
  ])('default for %j, attempt %j: %s', (name, attempt, expected) => {
    expect(defaultUploadName(name, RUN, attempt)).toBe(expected)
    expect(() => checkArtifactName(expected)).not.toThrow()
  })

  it('sanitizes every character an artifact name cannot hold', () => {
    expect(sanitizeArtifactName('" : < > | * ? \r \n \\ /')).toBe('- - - - - - - - - - -')
  })

  it('refuses a bad final name, naming it and the characters', () => {
    expect(() => checkArtifactName('a/b:c')).toThrow(
      /^The workflow artifact name 'a\/b:c' holds "\/" ":", which artifact names cannot hold/
    )
    expect(() => checkArtifactName('  ')).toThrow(/empty: set `upload-name`/)
    expect(() => checkArtifactName('line\nbreak')).toThrow(/'line\\nbreak' holds "\\n"/)
  })
})

describe('which files are uploaded', () => {
  it.each([
    ['a.txt', false],
    ['.env', true],
    ['dir/.hidden', true],
    ['.git/config', true],
    ['a/.b/c', true],
    ['a.b/c.d', false],
    ['x/..y', true]
  ])('%s hidden: %s', (path, hidden) => {
    expect(isHiddenPath(path)).toBe(hidden)
  })

  it('splits visible, hidden and refused files', () => {
    const f = (path: string) => ({ path, size: 1 })
    const selection = selectUploadFiles(
      [f('a.txt'), f('.env'), f('b/what?.md'), f('c/d.txt'), f('.x/y:z')],
      false
    )
    expect(selection.upload.map(x => x.path)).toEqual(['a.txt', 'c/d.txt'])
    expect(selection.hidden.map(x => x.path)).toEqual(['.env', '.x/y:z'])
    expect(selection.refused.map(x => x.path)).toEqual(['b/what?.md'])
    const all = selectUploadFiles([f('.env'), f('a\\b.txt')], true)
    expect(all.upload.map(x => x.path)).toEqual(['.env', 'a\\b.txt'])
  })
})

describe('artifactUrl', () => {
  it('links to the artifact in the workflow run', () => {
    expect(
      artifactUrl(
        {
          GITHUB_SERVER_URL: 'https://ghe.example.com/',
          GITHUB_REPOSITORY: 'o/r',
          GITHUB_RUN_ID: '7'
        },
        42
      )
    ).toBe('https://ghe.example.com/o/r/actions/runs/7/artifacts/42')
    expect(artifactUrl({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '7' }, 1)).toBe(
      'https://github.com/o/r/actions/runs/7/artifacts/1'
    )
    expect(artifactUrl({ GITHUB_REPOSITORY: 'o/r' }, 1)).toBeNull()
  })
})
